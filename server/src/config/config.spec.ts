import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('has defaults that run the demo forum on port 3000 with embedded PostgreSQL', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      databaseUrl: null,
      dataDir: './.data',
      redisUrl: null,
      redisPrefix: 'lokalforum',
      smtpUrl: null,
      demo: true,
      realtime: { guestsPerAddress: 50 },
      collab: {
        maxMessageBytes: 1_048_576,
        storeDebounceMs: 50,
        storeMaxDebounceMs: 250,
        storeTextEveryMs: 1_000,
        compactAfter: 200,
        unloadAfterMs: 10_000,
        maxDepth: 16,
        maxDocumentBytes: 1_048_576,
        connectionsPerDocument: 5,
        documentsPerPerson: 10,
        messagesPerSecond: 100,
        messageBurst: 200,
      },
    });
  });

  it('reads the collaboration limits', () => {
    const config = loadConfig({
      COLLAB_MAX_MESSAGE_BYTES: '65536',
      COLLAB_STORE_DEBOUNCE_MS: '20',
      COLLAB_STORE_MAX_DEBOUNCE_MS: '100',
      COLLAB_STORE_TEXT_EVERY_MS: '500',
      COLLAB_COMPACT_AFTER: '50',
      COLLAB_UNLOAD_AFTER_MS: '0',
      COLLAB_MAX_DEPTH: '24',
      COLLAB_MAX_DOCUMENT_BYTES: '262144',
      COLLAB_CONNECTIONS_PER_DOCUMENT: '2',
      COLLAB_DOCUMENTS_PER_PERSON: '3',
      COLLAB_MESSAGES_PER_SECOND: '40',
      COLLAB_MESSAGE_BURST: '80',
    });
    expect(config.collab).toEqual({
      maxMessageBytes: 65536,
      storeDebounceMs: 20,
      storeMaxDebounceMs: 100,
      storeTextEveryMs: 500,
      compactAfter: 50,
      unloadAfterMs: 0,
      maxDepth: 24,
      maxDocumentBytes: 262_144,
      connectionsPerDocument: 2,
      documentsPerPerson: 3,
      messagesPerSecond: 40,
      messageBurst: 80,
    });
    // Past the ceiling renderers stop at, or too small for a proposal.
    expect(() => loadConfig({ COLLAB_MAX_DEPTH: '65' })).toThrow(/COLLAB_MAX_DEPTH/);
    expect(() => loadConfig({ COLLAB_MAX_DOCUMENT_BYTES: '1000' })).toThrow(
      /COLLAB_MAX_DOCUMENT_BYTES/,
    );
    expect(() => loadConfig({ COLLAB_MAX_MESSAGE_BYTES: '10' })).toThrow(
      /COLLAB_MAX_MESSAGE_BYTES/,
    );
  });

  it('reads the Redis prefix and refuses one that could clash with key syntax', () => {
    expect(loadConfig({ REDIS_PREFIX: 'lf-staging:1' }).redisPrefix).toBe('lf-staging:1');
    expect(() => loadConfig({ REDIS_PREFIX: 'with space' })).toThrow(/REDIS_PREFIX/);
  });

  it('turns demo off in production or with DEMO=false', () => {
    expect(loadConfig({ DEMO: 'false' }).demo).toBe(false);
    expect(
      loadConfig({ NODE_ENV: 'production', PUBLIC_URL: 'https://forum.example.org' }).demo,
    ).toBe(false);
    expect(
      loadConfig({ NODE_ENV: 'production', PUBLIC_URL: 'https://x.org', DEMO: 'true' }).demo,
    ).toBe(true);
  });

  it('refuses to start in demo mode with real mail unless DEMO=true says so', () => {
    const smtp = { SMTP_URL: 'smtp://mail.example.org:587' };
    expect(() => loadConfig(smtp)).toThrow(ConfigError);
    expect(() => loadConfig(smtp)).toThrow(/DEMO=false.*DEMO=true|SMTP_URL/s);
    expect(() => loadConfig({ ...smtp, NODE_ENV: 'development' })).toThrow(/DEMO/);
    expect(loadConfig({ ...smtp, DEMO: 'true' })).toMatchObject({ demo: true });
    expect(loadConfig({ ...smtp, DEMO: 'false' })).toMatchObject({ demo: false });
    expect(
      loadConfig({ ...smtp, NODE_ENV: 'production', PUBLIC_URL: 'https://forum.example.org' }).demo,
    ).toBe(false);
  });

  it('treats empty variables as unset and normalises origins', () => {
    const config = loadConfig({
      DATABASE_URL: '',
      PUBLIC_URL: 'https://forum.example.org/some/path',
      ALLOWED_ORIGINS: 'http://localhost:5173, https://a.example.org/',
    });
    expect(config.databaseUrl).toBeNull();
    expect(config.publicUrl).toBe('https://forum.example.org');
    expect(config.allowedOrigins).toEqual(['http://localhost:5173', 'https://a.example.org']);
  });

  it('fails fast with a message naming each bad variable', () => {
    expect(() => loadConfig({ PORT: 'eighty', DEMO: 'perhaps' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty', DEMO: 'perhaps' })).toThrow(
      /PORT[\s\S]*DEMO|DEMO[\s\S]*PORT/,
    );
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/PUBLIC_URL/);
  });
});
