import { AcmCertificate } from "@cdktf/provider-aws/lib/acm-certificate";
import { AcmCertificateValidation } from "@cdktf/provider-aws/lib/acm-certificate-validation";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformIterator, Token } from "cdktf";
import { Construct } from "constructs";

/** CloudFront only accepts certificates from this region. */
export const CLOUDFRONT_CERTIFICATE_REGION = "us-east-1";

export interface CertificatesProps {
  readonly zoneId: string;
  /** The zone's apex; both certificates cover it and `*.<zoneName>`. */
  readonly zoneName: string;
  /** A provider for us-east-1 (`CLOUDFRONT_CERTIFICATE_REGION`): CloudFront's certificate lives there. */
  readonly cloudfrontProvider: AwsProvider;
}

/**
 * Two DNS-validated ACM certificates for the same names: one in the stack's region for the ALB and one in
 * us-east-1 for CloudFront (through an aliased provider: the per-resource `region` argument exists only in aws
 * provider 6.x, and the synthesized JSON must stay valid under 5.x too, where the offline checks run).
 * Identical names produce identical validation records, so one set of records validates both.
 */
export class Certificates extends Construct {
  readonly regional: AcmCertificate;
  readonly cloudfront: AcmCertificate;
  readonly regionalValidation: AcmCertificateValidation;
  readonly cloudfrontValidation: AcmCertificateValidation;

  constructor(scope: Construct, id: string, props: CertificatesProps) {
    super(scope, id);
    const names = { domainName: props.zoneName, subjectAlternativeNames: [`*.${props.zoneName}`], validationMethod: "DNS" };
    // A replaced certificate must exist before listeners and distributions let go of the old one.
    this.regional = new AcmCertificate(this, "Regional", { ...names, lifecycle: { createBeforeDestroy: true } });
    this.cloudfront = new AcmCertificate(this, "CloudFront", { ...names, provider: props.cloudfrontProvider, lifecycle: { createBeforeDestroy: true } });

    // Iterate the set itself, keyed by domain name: the provider knows every domain_name at plan time, but not the
    // record values. `fromComplexList` wraps the set in tolist(), whose result is wholly unknown until apply, and
    // `terraform plan` then refuses the for_each ("Invalid for_each argument").
    const dvo = TerraformIterator.fromMap(
      Token.asAnyMap(`\${{ for dvo in ${this.regional.fqn}.domain_validation_options : dvo.domain_name => dvo }}`),
    );
    const records = new Route53Record(this, "ValidationRecords", {
      forEach: dvo,
      zoneId: props.zoneId,
      name: dvo.getString("resource_record_name"),
      type: dvo.getString("resource_record_type"),
      records: [dvo.getString("resource_record_value")],
      ttl: 300,
      // The apex and wildcard share one validation record; overwriting keeps a re-run idempotent.
      allowOverwrite: true,
    });
    const fqdns = Token.asList(TerraformIterator.fromResources(records).pluckProperty("fqdn"));
    this.regionalValidation = new AcmCertificateValidation(this, "RegionalValidation", {
      certificateArn: this.regional.arn,
      validationRecordFqdns: fqdns,
    });
    this.cloudfrontValidation = new AcmCertificateValidation(this, "CloudFrontValidation", {
      certificateArn: this.cloudfront.arn,
      provider: props.cloudfrontProvider,
      validationRecordFqdns: fqdns,
    });
  }
}
