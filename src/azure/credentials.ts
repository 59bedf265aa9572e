import type { TokenCredential } from '@azure/identity';

export interface CredentialFactoryOptions {
  /** Client id of a user-assigned managed identity. */
  managedIdentityClientId?: string;
}

/** Builds the token credential for identity-based access; injected in tests. */
export type CredentialFactory = (options: CredentialFactoryOptions) => TokenCredential;

/**
 * The production factory: `DefaultAzureCredential`. `@azure/identity` is loaded only here,
 * and this runs only on the managed-identity path: the credential probes the cloud
 * metadata address, so tests and local runs must never reach it.
 */
export const defaultCredentialFactory: CredentialFactory = (options) => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const identity = require('@azure/identity') as typeof import('@azure/identity');
  return options.managedIdentityClientId
    ? new identity.DefaultAzureCredential({ managedIdentityClientId: options.managedIdentityClientId })
    : new identity.DefaultAzureCredential();
};

/**
 * A credential that calls its factory on the first token request, not at construction.
 * Clients can then be built eagerly while the real credential is made only when used.
 */
export function lazyCredential(factory: CredentialFactory, options: CredentialFactoryOptions = {}): TokenCredential {
  let inner: TokenCredential | undefined;
  return {
    getToken: (scopes, getTokenOptions) => {
      inner ??= factory(options);
      return inner.getToken(scopes, getTokenOptions);
    },
  };
}
