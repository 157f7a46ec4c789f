import { AcmCertificate } from "@cdktf/provider-aws/lib/acm-certificate";
import { AcmCertificateValidation } from "@cdktf/provider-aws/lib/acm-certificate-validation";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { TerraformIterator, Token } from "cdktf";
import { Construct } from "constructs";

/** CloudFront only accepts certificates from this region. */
export const CLOUDFRONT_CERTIFICATE_REGION = "us-east-1";

export interface CertificatesProps {
  readonly zoneId: string;
  /** The zone's apex; both certificates cover it and `*.<zoneName>`. */
  readonly zoneName: string;
  /** The stack's region, for the ALB's certificate. */
  readonly region: string;
}

/**
 * Two DNS-validated ACM certificates for the same names: one in the stack's region for the ALB and one in
 * us-east-1 for CloudFront (using the provider's per-resource `region`, so no second provider is needed).
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
    this.cloudfront = new AcmCertificate(this, "CloudFront", { ...names, region: CLOUDFRONT_CERTIFICATE_REGION, lifecycle: { createBeforeDestroy: true } });

    const dvo = TerraformIterator.fromComplexList(this.regional.domainValidationOptions, "domain_name");
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
      region: CLOUDFRONT_CERTIFICATE_REGION,
      validationRecordFqdns: fqdns,
    });
  }
}
