// Without this, `provide('wixBaseUrl', …)` and `inject('wixBaseUrl')` do not
// type-check under strict TypeScript: vitest types provided values through
// this interface, which a project augments with its own keys.
declare module 'vitest' {
  export interface ProvidedContext {
    wixBaseUrl: string;
  }
}

export {};
