package dev.ecsbootstrap.imds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecsbootstrap.BootstrapException;
import org.junit.jupiter.api.Test;

class InstanceMetadataTest {

  @Test
  void readsAccountAndRegionFromTheIdentityDocument() {
    InstanceIdentity identity =
        InstanceMetadata.parse(
            """
        {"accountId":"111122223333","architecture":"x86_64","devpayProductCodes":null,
         "marketplaceProductCodes":["x"],"region":"eu-west-1","instanceId":"i-1"}""");

    assertThat(identity).isEqualTo(new InstanceIdentity("111122223333", "eu-west-1"));
  }

  @Test
  void refusesADocumentWithoutAccountOrRegion() {
    assertThatThrownBy(() -> InstanceMetadata.parse("{\"region\":\"eu-west-1\"}"))
        .isInstanceOf(BootstrapException.class)
        .hasMessageContaining("lacks accountId or region");
    assertThatThrownBy(() -> InstanceMetadata.parse("<html>"))
        .isInstanceOf(BootstrapException.class);
  }
}
