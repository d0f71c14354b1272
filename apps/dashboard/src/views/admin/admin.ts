import type { Ward } from '@kiosk-pulse/contract';
import { ApiError, apiClient, type ApiClient } from '../../api';
import { refusal } from '../../dialog';
import { byId } from '../../dom';
import type { Session } from '../../session';
import { AuditSection, AUDIT_PAGE } from './audit';
import { setUpPopulations } from './populations';
import { QueueSection } from './queue';
import { TokensSection } from './tokens';
import { UsersSection } from './users';
import { WardNames, type AdminContext } from './section';

/**
 * The admin page (`#/users`), for admins: users, API tokens, ward populations, the audit log and
 * the ingest queue, one section each. Every action reads all of them again, so each shows what
 * the others changed (a new user's line in the audit log, say).
 */
export class AdminView implements AdminContext {
  readonly wards: WardNames;
  readonly api: ApiClient;
  private readonly users: UsersSection;
  private readonly tokens: TokensSection;
  private readonly audit: AuditSection;
  private readonly queue: QueueSection;

  constructor(
    readonly session: Session,
    wards: Ward[],
    private readonly onUnauthorized: (error: unknown) => void,
  ) {
    this.api = apiClient(session.token);
    this.wards = new WardNames(wards);
    this.users = new UsersSection(this);
    setUpPopulations(this);
    this.tokens = new TokensSection(this);
    this.audit = new AuditSection(this);
    this.queue = new QueueSection(this);
  }

  show(): void {
    void this.act(async () => undefined);
  }

  private async refresh(): Promise<void> {
    const before = this.audit.before;
    const [users, tokens, audit, queue] = await Promise.all([
      this.api.users.list(),
      this.api.tokens.list(),
      this.api.audit.list({ query: { kind: 'changes', limit: AUDIT_PAGE + 1, before } }),
      this.api.queue.health(),
    ]);
    this.queue.show(queue);
    this.users.show(users);
    this.tokens.show(tokens);
    this.audit.show(audit);
  }

  /** Runs an action and shows the page again; the server's refusal, 409 included, is said on the page. */
  async act(action: () => Promise<(string | Node)[] | void>): Promise<void> {
    byId('users-error').replaceChildren();
    try {
      const done = await action();
      if (done) byId('users-status').replaceChildren(...done);
      await this.refresh();
    } catch (error) {
      if (error instanceof ApiError) byId('users-error').replaceChildren(...refusal(error));
      else this.onUnauthorized(error);
    }
  }
}
