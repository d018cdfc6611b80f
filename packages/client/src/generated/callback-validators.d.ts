// Generated from the NOX Energy OpenAPI spec by packages/client/scripts/generate.mjs. Do not edit.

export interface ValidationIssue {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}
export interface Validator {
  (data: unknown): boolean;
  errors?: ValidationIssue[] | null;
}
export declare const validateLinkCallbackPayload: Validator;
export declare const validateManufacturerLinkCallbackPayload: Validator;
