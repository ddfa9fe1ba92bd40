package dev.ecsbootstrap.publish;

import dev.ecsbootstrap.Secret;

/** One registry's login. Only the registry name is ever shown. */
record RegistryCredential(String registry, String username, Secret password) {

  @Override
  public String toString() {
    return "RegistryCredential[" + registry + "]";
  }
}
