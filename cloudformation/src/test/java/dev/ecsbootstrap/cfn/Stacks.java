package dev.ecsbootstrap.cfn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;

/** Creating a stack from one of the templates, as the tests against moto's CloudFormation do. */
final class Stacks {
  private Stacks() {}

  /** Creates {@code stack}, checks it reached CREATE_COMPLETE, and returns its outputs. */
  static Map<String, String> create(
      CloudFormationClient cloudFormation, String stack, String template, Parameter... parameters) {
    cloudFormation.createStack(
        request ->
            request
                .stackName(stack)
                .templateBody(Templates.text(template))
                .parameters(parameters)
                .capabilities(Capability.CAPABILITY_IAM));
    var described =
        cloudFormation.describeStacks(request -> request.stackName(stack)).stacks().get(0);
    assertThat(described.stackStatus())
        .as(stack + ": " + described.stackStatusReason())
        .isEqualTo(StackStatus.CREATE_COMPLETE);
    return described.outputs().stream()
        .collect(Collectors.toMap(Output::outputKey, Output::outputValue));
  }

  static Parameter parameter(String key, String value) {
    return Parameter.builder().parameterKey(key).parameterValue(value).build();
  }
}
