package dev.ecsbootstrap.fragment;

import dev.ecsbootstrap.Secret;

/**
 * One {@code KEY=VALUE} assignment. Every value is a {@link Secret}, not only the auth data: a
 * proxy URL or an attribute can carry credentials too, and redacting all of them is what "by
 * construction" means.
 */
public record Setting(String key, Secret value, int line) {

  public String render() {
    return key + "=" + value.reveal();
  }
}
