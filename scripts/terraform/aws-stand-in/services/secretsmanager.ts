import { jsonResponse, type AwsRequest, type AwsResponse } from "../protocols";
import { fakeId } from "../world";

const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** Secrets Manager (AWS JSON 1.1): generated passwords (`data.aws_secretsmanager_random_password`). */
export function secretsmanager(request: AwsRequest): AwsResponse | undefined {
  if (request.target !== "secretsmanager.GetRandomPassword") return undefined;
  const length = Number(request.json.PasswordLength ?? 32);
  return jsonResponse({ RandomPassword: fakeId(`password-${length}`, length, ALPHANUMERIC) });
}
