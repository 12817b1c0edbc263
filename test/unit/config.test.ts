import { ConfigError, loadConfig } from '../../server/config';

describe('configuration', () => {
  test('when nothing is set, then development defaults apply and the result is frozen', () => {
    const config = loadConfig({});
    expect(config.env).toBe('development');
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toMatch(/^postgres:\/\//);
    expect(Object.isFrozen(config)).toBe(true);
  });

  test('when a value is invalid, then the error names the variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'not a url' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ APP_SECRET: 'short' })).toThrow(/APP_SECRET: must be at least 32 characters/);
  });

  test('when running in production without secrets, then every missing variable is named', () => {
    try {
      loadConfig({ NODE_ENV: 'production' });
      throw new Error('expected a ConfigError');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const names = (err as ConfigError).problems.map((p) => p.variable).sort();
      expect(names).toEqual(['APP_SECRET', 'PUBLIC_URL', 'SMTP_URL']);
    }
  });

  test('when production is fully configured, then no development secret is used', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      APP_SECRET: 'a'.repeat(40),
      PUBLIC_URL: 'https://portal.example.org/',
      SMTP_URL: 'smtp://relay.example.org:587',
    });
    expect(config.appSecret).toBe('a'.repeat(40));
    expect(config.publicUrl).toBe('https://portal.example.org');
  });
});
