import { describe, expect, it } from 'vitest';
import { isPrivateAddress } from '../../src/channels/net.js';

describe('the SSRF guard and IPv6 addresses that embed an IPv4 one', () => {
  it('refuses NAT64, 6to4 and IPv4-compatible forms', () => {
    expect(isPrivateAddress('64:ff9b::a9fe:a9fe')).toBe(true); // 169.254.169.254 via NAT64
    expect(isPrivateAddress('2002:7f00:1::1')).toBe(true); // 6to4 of 127.0.0.1
    expect(isPrivateAddress('::7f00:1')).toBe(true); // IPv4-compatible 127.0.0.1
  });
  it('still lets public addresses through', () => {
    expect(isPrivateAddress('2606:4700:4700::1111')).toBe(false);
    expect(isPrivateAddress('1.1.1.1')).toBe(false);
  });
});
