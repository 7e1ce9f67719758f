/** Injection token of the resolved database URL (configured, or the embedded server's). */
export const DATABASE_URL = Symbol('DATABASE_URL');
