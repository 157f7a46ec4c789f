// A service's secrets must be Secrets Manager secrets or SSM parameters in the environment's own region: the ECS
// agent fetches them at every task start through this region's VPC endpoints.
import { configFor, configProblems } from "../helpers";

const HEADER = "Invalid configuration in config/staging.yaml (1 problem):";

describe("service secrets", () => {
  const serviceWithSecret = (raw: Record<string, any>) => raw.services.findIndex((s: any) => Object.keys(s.secrets ?? {}).length > 0);

  test("a secret in another region is refused, naming the field, the ARN and what is allowed", () => {
    let index = -1;
    let name = "";
    const message = configProblems((raw) => {
      index = serviceWithSecret(raw);
      name = raw.services[index].name;
      raw.services[index].secrets.PAYMENT_API_KEY = "arn:aws:secretsmanager:us-east-1:111111111111:secret:staging/orders/payment-AbCdEf";
    });
    expect(message).toBe(
      `${HEADER}\n  - services[${index}] (${name}).secrets.PAYMENT_API_KEY (got "arn:aws:secretsmanager:us-east-1:111111111111:secret:staging/orders/payment-AbCdEf"): ` +
        "is in us-east-1, not eu-west-2: tasks would depend on another region to start; " +
        "allowed: an arn:aws:secretsmanager:eu-west-2:... secret or arn:aws:ssm:eu-west-2:... parameter (this environment's region)",
    );
  });

  test("an ARN of another service (not a secret) is refused", () => {
    const message = configProblems((raw) => {
      raw.services[serviceWithSecret(raw)].secrets.PAYMENT_API_KEY = "arn:aws:s3:eu-west-2:111111111111:bucket/key";
    });
    expect(message).toContain("is a s3 ARN, not a secret; allowed: an arn:aws:secretsmanager:eu-west-2:");
  });

  test("secrets and parameters in the environment's region are accepted", () => {
    expect(() =>
      configFor("staging", (raw) => {
        const secrets = raw.services[serviceWithSecret(raw)].secrets;
        secrets.FROM_SSM = "arn:aws:ssm:eu-west-2:111111111111:parameter/staging/orders/flag";
        secrets.ONE_KEY = "arn:aws:secretsmanager:eu-west-2:111111111111:secret:staging/orders/payment-AbCdEf:password::";
      }),
    ).not.toThrow();
  });
});
