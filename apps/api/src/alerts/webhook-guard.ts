import { lookup } from 'node:dns/promises';
import { Inject, Injectable } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import * as ipaddr from 'ipaddr.js';
import { API_CONFIG, type ApiConfig } from '../config/api-config';

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/** A webhook's target refused: not retried, since the same address will be refused again. */
export class WebhookRefused extends UnrecoverableError {}

/** Where a webhook is sent: its URL and the address checked, which the connection goes to. */
export interface WebhookTarget {
  url: URL;
  address: string;
  family: 4 | 6;
}

/** The address a URL's host names, or null when it is a name ([::1] is written with brackets). */
function literalAddress(hostname: string): Address | null {
  const bare = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
  // The URL parser wrote numeric and hexadecimal forms (2130706433, 0x7f.1) as dotted quads already.
  return ipaddr.isValid(bare) ? ipaddr.process(bare) : null;
}

/**
 * Keeps a rule's webhook from making the server a probe of its own network (issue: SSRF). Only
 * http and https, and only public unicast addresses: loopback, link-local (the cloud metadata
 * service at 169.254.169.254), private, unique-local, unspecified, multicast, carrier-grade NAT,
 * documentation and the other special ranges ipaddr.js names are refused, an IPv4-mapped IPv6
 * address as its IPv4 one. ALERT_WEBHOOK_ALLOWED_HOSTS names what an operator allows anyway:
 * addresses, CIDRs, or host names (a name allowed may resolve to any address).
 *
 * A URL is checked when a rule is written (an address in it) and again at each send, after its
 * name is resolved: the connection then goes to the address checked, so a name that resolves
 * elsewhere a moment later (DNS rebinding) does not reach it.
 */
@Injectable()
export class WebhookGuard {
  private readonly hosts: Set<string>;
  private readonly ranges: [Address, number][];

  constructor(@Inject(API_CONFIG) config: ApiConfig) {
    const allowed = config.alertWebhooks?.allowedHosts ?? [];
    this.hosts = new Set(allowed.filter((entry) => !ipaddr.isValid(entry) && !entry.includes('/')));
    this.ranges = allowed
      .filter((entry) => ipaddr.isValid(entry) || entry.includes('/'))
      .map((entry) => {
        if (entry.includes('/')) return ipaddr.parseCIDR(entry);
        const address = ipaddr.parse(entry);
        return [address, address.kind() === 'ipv4' ? 32 : 128];
      });
  }

  /** Why this URL may not be a webhook, or null: its scheme, or the address it names. */
  problem(text: string): string | null {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return 'webhookUrl: không phải địa chỉ URL / is not a URL';
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      return 'webhookUrl: chỉ nhận http:// hoặc https:// / must be an http:// or https:// URL';
    if (this.hosts.has(url.hostname)) return null;
    const address = literalAddress(url.hostname);
    return address ? this.refusal(url.hostname, address) : null;
  }

  /**
   * The address to send to: the URL's own, or the first its name resolves to that is allowed.
   * Throws WebhookRefused when there is none.
   */
  async resolve(text: string): Promise<WebhookTarget> {
    const problem = this.problem(text);
    if (problem) throw new WebhookRefused(problem);
    const url = new URL(text);
    const literal = literalAddress(url.hostname);
    if (literal) return { url, address: literal.toString(), family: literal.kind() === 'ipv4' ? 4 : 6 };
    const found = await lookup(url.hostname, { all: true, verbatim: true });
    let firstRefusal: string | null = null;
    for (const entry of found) {
      const address = ipaddr.process(entry.address);
      const refusal = this.hosts.has(url.hostname) ? null : this.refusal(url.hostname, address);
      if (!refusal) return { url, address: address.toString(), family: address.kind() === 'ipv4' ? 4 : 6 };
      firstRefusal ??= refusal;
    }
    throw new WebhookRefused(firstRefusal ?? `webhookUrl: ${url.hostname} resolves to no address`);
  }

  /** Why the server does not send to this address, or null when it may. */
  private refusal(host: string, address: Address): string | null {
    const range = address.range();
    if (range === 'unicast') return null;
    if (
      this.ranges.some(([network, bits]) => address.kind() === network.kind() && address.match(network as never, bits))
    )
      return null;
    const named = host.replace(/^\[|\]$/g, '') === address.toString() ? host : `${host} (${address.toString()})`;
    return (
      `webhookUrl: ${named} là địa chỉ nội bộ (${range}); máy chủ không gửi cảnh báo vào mạng nội bộ — ` +
      `quản trị viên có thể cho phép bằng ALERT_WEBHOOK_ALLOWED_HOSTS / ` +
      `${named} is in the ${range} range; the server does not send alerts into internal networks ` +
      `unless ALERT_WEBHOOK_ALLOWED_HOSTS allows it`
    );
  }
}
