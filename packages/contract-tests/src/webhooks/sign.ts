// Signing a delivery the way the spec's `x-nox-webhook-signature` recipe says NOX does.
import { createHmac } from 'node:crypto';
import type { WebhookSignatureRecipe } from '@nox-energy/spec-reader';

export interface SignedParts {
  timestamp: string;
  body: string;
  id: string;
}

/** The signed bytes: the recipe's template with its placeholders filled in one pass (a body may contain `{id}`). */
export function signedContent(recipe: WebhookSignatureRecipe, parts: SignedParts): string {
  return recipe.signedContent.replace(/\{(timestamp|body|id)\}/g, (_, name: keyof SignedParts) => parts[name]);
}

/** The signature header's value: the prefix and the encoded HMAC of the signed content, keyed with `key`. */
export function signDelivery(recipe: WebhookSignatureRecipe, key: string, parts: SignedParts): string {
  const digest = createHmac('sha256', Buffer.from(key, 'utf8'))
    .update(signedContent(recipe, parts), 'utf8')
    .digest(recipe.encoding);
  return `${recipe.prefix}${digest}`;
}
