import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ConfigError } from '@kiosk-pulse/runtime';
import { API_CONFIG, type ApiConfig } from '../config/api-config';
import { hashPassword, passwordMatches } from '../users/passwords';
import { UsersRepository } from '../users/users.repository';

/**
 * Creates the first admin from ADMIN_USERNAME / ADMIN_PASSWORD when there are no users yet, and
 * refuses to start a system nobody could get into (no users, no first admin, no ADMIN_TOKEN).
 */
@Injectable()
export class FirstAdmin implements OnApplicationBootstrap {
  private readonly logger = new Logger(FirstAdmin.name);

  constructor(
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly users: UsersRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.adminToken) {
      this.logger.log(
        'ADMIN_TOKEN is set: it acts as an admin the audit log cannot name and that cannot be revoked while the ' +
          'api runs; prefer named admins and API tokens, and unset it once they exist',
      );
    }
    const admin = this.config.firstAdmin;
    if (!admin) {
      if (!this.config.adminToken && (await this.users.count()) === 0) {
        throw new ConfigError([
          'ADMIN_USERNAME, ADMIN_PASSWORD: there are no users yet; set both for the first start (or set ADMIN_TOKEN)',
        ]);
      }
      return;
    }
    const existing = await this.users.findByUsername(admin.username);
    if (existing && admin.resetPassword) {
      // Demo mode prints its password at every start: make it the one that works. A change signs
      // the admin out everywhere, so only when it is needed.
      if (existing.disabled || !(await passwordMatches(existing.passwordHash, admin.password)))
        await this.users.update(existing.id, { passwordHash: await hashPassword(admin.password), disabled: false });
      return;
    }
    if (existing || (await this.users.count()) > 0) return;
    await this.users.create({
      id: randomUUID(),
      username: admin.username,
      passwordHash: await hashPassword(admin.password),
      role: 'admin',
      wardCode: null,
    });
    this.logger.log(`created the first admin, ${admin.username}`);
  }
}
