import { DropInvalidHeaders } from "../../../guardrails/rules/loadbalancing/DropInvalidHeaders";
import { HttpListenerRedirects } from "../../../guardrails/rules/loadbalancing/HttpListenerRedirects";
import { LoadBalancerAccessLogs } from "../../../guardrails/rules/loadbalancing/LoadBalancerAccessLogs";
import { LoadBalancerDeletionProtection } from "../../../guardrails/rules/loadbalancing/LoadBalancerDeletionProtection";
import { ModernTlsListener } from "../../../guardrails/rules/loadbalancing/ModernTlsListener";
import { TargetGroupHealthCheckPath } from "../../../guardrails/rules/loadbalancing/TargetGroupHealthCheckPath";
import { describeRule } from "../rule-cases";

describeRule(ModernTlsListener, {
  compliant: [
    { name: "HTTPS with TLS13-1-2-2021-06", attributes: { protocol: "HTTPS", port: 443, ssl_policy: "ELBSecurityPolicy-TLS13-1-2-2021-06" } },
    { name: "TLS (NLB) with a FIPS TLS 1.3 policy", attributes: { protocol: "TLS", ssl_policy: "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04" } },
  ],
  noncompliant: [
    { name: "HTTPS with the provider default policy", attributes: { protocol: "HTTPS" }, detail: "provider default" },
    { name: "HTTPS with ELBSecurityPolicy-2016-08", attributes: { protocol: "HTTPS", ssl_policy: "ELBSecurityPolicy-2016-08" }, detail: "ELBSecurityPolicy-2016-08" },
    { name: "alb alias type with TLS 1.0 policy", type: "aws_alb_listener", attributes: { protocol: "HTTPS", ssl_policy: "ELBSecurityPolicy-TLS-1-0-2015-04" } },
  ],
  notApplicable: [{ name: "a plain HTTP listener", attributes: { protocol: "HTTP" } }],
});

const redirect = { type: "redirect", redirect: { protocol: "HTTPS", port: "443", status_code: "HTTP_301" } };
describeRule(HttpListenerRedirects, {
  compliant: [{ name: "HTTP redirects to HTTPS", attributes: { protocol: "HTTP", port: 80, default_action: [redirect] } }],
  noncompliant: [
    { name: "HTTP forwards to a target group", attributes: { protocol: "HTTP", default_action: [{ type: "forward", target_group_arn: "${aws_lb_target_group.x.arn}" }] }, detail: "is forward" },
    { name: "HTTP redirects to another path over HTTP", attributes: { protocol: "HTTP", default_action: { type: "redirect", redirect: { path: "/x" } } }, detail: "same protocol" },
  ],
  notApplicable: [{ name: "an HTTPS listener", attributes: { protocol: "HTTPS", default_action: [{ type: "forward" }] } }],
});

describeRule(LoadBalancerAccessLogs, {
  compliant: [
    { name: "enabled with a bucket", attributes: { access_logs: { bucket: "${data.terraform_remote_state.p.outputs.logs}", enabled: true, prefix: "alb" } } },
    { name: "bucket given, enabled omitted (provider enables it)", attributes: { access_logs: [{ bucket: "logs" }] } },
  ],
  noncompliant: [
    { name: "no access_logs", attributes: { name: "alb" } },
    { name: "access logs disabled", attributes: { access_logs: { bucket: "logs", enabled: false } } },
  ],
  notApplicable: [{ name: "gateway load balancer", attributes: { load_balancer_type: "gateway" } }],
});

describeRule(DropInvalidHeaders, {
  compliant: [{ name: "drops invalid headers", attributes: { drop_invalid_header_fields: true } }],
  noncompliant: [
    { name: "provider default (false)", attributes: { name: "alb" } },
    { name: "explicitly false on an application LB", type: "aws_alb", attributes: { load_balancer_type: "application", drop_invalid_header_fields: false } },
  ],
  notApplicable: [{ name: "network load balancer (no HTTP)", attributes: { load_balancer_type: "network" } }],
});

describeRule(LoadBalancerDeletionProtection, {
  compliant: [{ name: "deletion protection on", attributes: { enable_deletion_protection: true } }],
  noncompliant: [
    { name: "provider default (off)", attributes: { name: "alb" } },
    { name: "explicitly off", attributes: { enable_deletion_protection: "false" } },
  ],
});

describeRule(TargetGroupHealthCheckPath, {
  compliant: [
    { name: "HTTP target group with /health", attributes: { protocol: "HTTP", target_type: "ip", health_check: { path: "/health", matcher: "200" } } },
    { name: "HTTPS with a health path (list block)", attributes: { protocol: "HTTPS", health_check: [{ enabled: true, path: "/healthz" }] } },
  ],
  noncompliant: [
    { name: "no health_check block", attributes: { protocol: "HTTP", target_type: "ip" }, detail: "unset" },
    { name: "health checks disabled", attributes: { protocol: "HTTP", health_check: { enabled: false } }, detail: "disabled" },
  ],
  notApplicable: [
    { name: "TCP target group", attributes: { protocol: "TCP" } },
    { name: "Lambda target group", attributes: { target_type: "lambda" } },
  ],
});
