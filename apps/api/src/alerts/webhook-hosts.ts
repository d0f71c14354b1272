import * as ipaddr from 'ipaddr.js';

/** An entry of ALERT_WEBHOOK_ALLOWED_HOSTS: an address, a CIDR or a host name (lower case, no port). */
export function isAllowedHostEntry(entry: string): boolean {
  if (entry.includes('/')) return ipaddr.isValidCIDR(entry);
  if (ipaddr.isValid(entry)) return true;
  return /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/.test(entry);
}
