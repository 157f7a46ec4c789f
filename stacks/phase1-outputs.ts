// The contract between phase1 and the phases after it (phase2 runs its services on this cluster and ALB; golive
// points the public hostnames at this distribution).

export interface Phase1Outputs {
  readonly cluster: {
    readonly name: string;
    readonly arn: string;
    /** The EC2 capacity provider every service's strategy uses. */
    readonly capacityProviderName: string;
  };
  readonly loadBalancer: {
    readonly arn: string;
    /** `app/<name>/<id>`: the CloudWatch metric dimension. */
    readonly arnSuffix: string;
    readonly dnsName: string;
    readonly zoneId: string;
    /** Services attach listener rules here. */
    readonly httpsListenerArn: string;
  };
  /** Header CloudFront adds to origin requests; listener rules only forward requests that carry it. */
  readonly originVerifyHeader: {
    readonly name: string;
    readonly value: string;
  };
  readonly distribution: {
    readonly id: string;
    readonly arn: string;
    readonly domainName: string;
    /** Always Z2FDTNDATAQYW2 for CloudFront, exposed so callers do not hard-code it. */
    readonly hostedZoneId: string;
  };
  /** `new.<zone>`: the new platform under a real name before any user traffic moves (`npm run verify` targets it). */
  readonly preview: {
    readonly fqdn: string;
    /** Route 53 HTTPS health check through `new.<zone>` (golive ties the weighted `new` records to it). */
    readonly healthCheckId: string;
  };
  /** Names of the services phase1 runs. */
  readonly serviceNames: string[];
  /** Service name -> its target group's ARN suffix (the CloudWatch dimension for per-service alarms). */
  readonly targetGroupArnSuffixes: Record<string, string>;
}
