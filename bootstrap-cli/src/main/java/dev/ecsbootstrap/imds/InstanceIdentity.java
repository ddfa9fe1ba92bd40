package dev.ecsbootstrap.imds;

/** The fields of the instance identity document we use. */
public record InstanceIdentity(String accountId, String region) {}
