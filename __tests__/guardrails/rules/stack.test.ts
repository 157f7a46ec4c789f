import { STACK_SCOPE } from "../../../guardrails/rule";
import { ProductionStateRemoteLocked } from "../../../guardrails/rules/stack/ProductionStateRemoteLocked";
import { ProviderAccountPinned } from "../../../guardrails/rules/stack/ProviderAccountPinned";
import { ProviderDefaultTags } from "../../../guardrails/rules/stack/ProviderDefaultTags";
import { ProviderVersionPinned } from "../../../guardrails/rules/stack/ProviderVersionPinned";
import { describeRule } from "../rule-cases";

const tags = { default_tags: [{ tags: { project: "braveheart", environment: "staging" } }], region: "eu-west-2" };

describeRule(ProviderDefaultTags, {
  compliant: [{ name: "default and aliased providers tagged", type: STACK_SCOPE, attributes: { provider: { aws: [tags, { ...tags, alias: "dr", region: "eu-west-1" }] } } }],
  noncompliant: [
    { name: "the DR alias has no default_tags", type: STACK_SCOPE, attributes: { provider: { aws: [tags, { alias: "dr", region: "eu-west-1" }] } }, detail: "alias dr" },
    { name: "empty default tags", type: STACK_SCOPE, attributes: { provider: { aws: [{ default_tags: { tags: {} } }] } } },
  ],
});

const required = (version: unknown) => ({ terraform: { required_providers: { aws: { source: "aws", version } } } });

describeRule(ProviderVersionPinned, {
  compliant: [
    { name: "exact version", type: STACK_SCOPE, attributes: required("6.25.0") },
    { name: "exact version with =", type: STACK_SCOPE, attributes: required("= 6.25.0") },
  ],
  noncompliant: [
    { name: "pessimistic constraint", type: STACK_SCOPE, attributes: required("~> 6.0"), detail: 'aws version is "~> 6.0"' },
    { name: "lower bound only", type: STACK_SCOPE, attributes: required(">= 6.25.0") },
    { name: "no version", type: STACK_SCOPE, attributes: { terraform: { required_providers: { aws: { source: "aws" } } } }, detail: "unset" },
  ],
});

const backend = (b: object) => ({ terraform: { backend: b } });

describeRule(ProductionStateRemoteLocked, {
  compliant: [
    { name: "s3 with use_lockfile and encryption", type: STACK_SCOPE, production: true, attributes: backend({ s3: { bucket: "b", key: "k", encrypt: true, use_lockfile: true } }) },
    { name: "s3 with a DynamoDB lock table", type: STACK_SCOPE, production: true, attributes: backend({ s3: { bucket: "b", key: "k", encrypt: true, dynamodb_table: "locks" } }) },
    { name: "Terraform Cloud", type: STACK_SCOPE, production: true, attributes: { terraform: { cloud: { organization: "o", workspaces: { name: "w" } } } } },
  ],
  noncompliant: [
    { name: "local state in production", type: STACK_SCOPE, production: true, attributes: backend({ local: { path: "x.tfstate" } }), detail: "backend is local" },
    { name: "s3 without a lock", type: STACK_SCOPE, production: true, attributes: backend({ s3: { bucket: "b", key: "k", encrypt: true } }), detail: "no use_lockfile" },
    { name: "no backend at all (cdktf default local)", type: STACK_SCOPE, production: true, attributes: { terraform: {} } },
  ],
  notApplicable: [{ name: "local state in staging", type: STACK_SCOPE, production: false, attributes: backend({ local: { path: "x.tfstate" } }) }],
});

const pinned = { region: "eu-west-2", allowed_account_ids: ["111111111111"] };

describeRule(ProviderAccountPinned, {
  compliant: [
    { name: "default and aliased providers pinned", type: STACK_SCOPE, attributes: { provider: { aws: [pinned, { ...pinned, alias: "global", region: "us-east-1" }] } } },
    { name: "pinned through a variable", type: STACK_SCOPE, attributes: { provider: { aws: [{ allowed_account_ids: "${var.accounts}" }] } } },
  ],
  noncompliant: [
    { name: "the us-east-1 alias is not pinned", type: STACK_SCOPE, attributes: { provider: { aws: [pinned, { alias: "global", region: "us-east-1" }] } }, detail: "alias global" },
    { name: "an empty list", type: STACK_SCOPE, attributes: { provider: { aws: [{ allowed_account_ids: [] }] } }, detail: "no allowed_account_ids" },
    { name: "not an account id", type: STACK_SCOPE, attributes: { provider: { aws: [{ allowed_account_ids: ["staging"] }] } }, detail: "not 12-digit" },
  ],
});
