import {
  PAIRING_ALPHABET,
  formatPairingCode,
  generatePairingCode,
  hashPairingCode,
  normalisePairingCode,
} from '../../apps/api/src/kiosks/pairing-code';

describe('pairing codes', () => {
  it('are 8 characters without look-alikes, spread over the whole alphabet', () => {
    const seen = new Set<string>();
    for (let draw = 0; draw < 2_000; draw++) {
      const code = generatePairingCode();
      expect(code).toMatch(/^[A-Z2-9]{8}$/);
      expect(code).not.toMatch(/[01OIL]/);
      for (const character of code) seen.add(character);
    }
    expect([...seen].sort().join('')).toBe(PAIRING_ALPHABET);
    expect(PAIRING_ALPHABET).toHaveLength(31);
  });

  it('are shown in two groups of four', () => {
    expect(formatPairingCode('K7MQ9TXA')).toBe('K7MQ-9TXA');
  });

  it('are read whatever the case, spaces and dash', () => {
    for (const typed of ['K7MQ-9TXA', 'k7mq9txa', ' k7mq 9txa ', 'K7MQ–9TXA', 'K7-MQ-9T-XA']) {
      expect(normalisePairingCode(typed)).toBe('K7MQ9TXA');
    }
    for (const typed of ['K7MQ-9TX', 'K7MQ-9TXAB', 'K7MQ-9TX0', 'K7MQ-9TXI', 'K7MQ_9TXA', '']) {
      expect(normalisePairingCode(typed)).toBeUndefined();
    }
  });

  it('are stored as a hash keyed with the server’s secret', () => {
    expect(hashPairingCode('K7MQ9TXA', 'one secret')).toEqual(hashPairingCode('K7MQ9TXA', 'one secret'));
    expect(hashPairingCode('K7MQ9TXA', 'one secret')).not.toEqual(hashPairingCode('K7MQ9TXA', 'another'));
    expect(hashPairingCode('K7MQ9TXA', 'one secret')).not.toEqual(hashPairingCode('K7MQ9TXB', 'one secret'));
  });
});
