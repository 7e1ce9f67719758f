import type { Me } from '@lokalforum/protocol';
import type { Lang } from '$lib/i18n';

declare global {
  namespace App {
    interface Error {
      message: string;
      /** The API's machine-readable code, when the error came from the API. */
      code?: string;
    }
    interface Locals {
      /** The signed-in person, loaded once per request; null for guests. */
      me: Me | null;
      lang: Lang;
    }
    // interface PageData {}
    // interface PageState {}
    // interface Platform {}
  }
}

export {};
