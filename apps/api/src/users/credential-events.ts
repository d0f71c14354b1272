import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { CREDENTIALS_CHANGED_CHANNEL } from '@kiosk-pulse/contract';
import { RedisBus } from '@kiosk-pulse/redis';

/** What changed: a user (locked, new role or password), an API token (revoked), one sign-in (ended). */
export interface CredentialsChanged {
  userId?: string;
  tokenId?: string;
  jti?: string;
}

type Listener = (change: CredentialsChanged) => void;

/**
 * Says that a credential changed, so that whatever holds on to one (the /live sockets) checks it
 * again: in this process at once, and in every other api process through Redis. Redis being
 * away only delays the others (their sockets check again on every subscribe and every minute);
 * it never fails the change itself.
 */
@Injectable()
export class CredentialEvents {
  private readonly logger = new Logger(CredentialEvents.name);
  private readonly id = randomUUID();
  private readonly listeners: Listener[] = [];

  constructor(private readonly bus: RedisBus) {
    bus.on(CREDENTIALS_CHANGED_CHANNEL, (text) => {
      const { from, ...change } = JSON.parse(text) as CredentialsChanged & { from: string };
      if (from !== this.id) this.notify(change);
    });
  }

  onChange(listener: Listener): void {
    this.listeners.push(listener);
  }

  changed(change: CredentialsChanged): void {
    this.notify(change);
    this.bus
      .publish(CREDENTIALS_CHANGED_CHANNEL, JSON.stringify({ ...change, from: this.id }))
      .catch((error: Error) => this.logger.warn(`could not tell the other api processes: ${error.message}`));
  }

  private notify(change: CredentialsChanged): void {
    for (const listener of this.listeners) listener(change);
  }
}
