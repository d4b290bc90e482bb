/** A Salesforce REST error: HTTP status plus the `[{ message, errorCode, fields }]` body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
    readonly fields?: string[],
  ) {
    super(message);
  }

  body(): object[] {
    return [{ message: this.message, errorCode: this.errorCode, ...(this.fields ? { fields: this.fields } : {}) }];
  }
}

export const malformedQuery = (message: string) => new ApiError(400, 'MALFORMED_QUERY', message);
export const invalidField = (message: string) => new ApiError(400, 'INVALID_FIELD', message);
export const invalidType = (objectName: string) =>
  new ApiError(
    400,
    'INVALID_TYPE',
    `sObject type '${objectName}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`,
  );
export const notFound = () => new ApiError(404, 'NOT_FOUND', 'The requested resource does not exist');
