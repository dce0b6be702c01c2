/**
 * Errors shaped like `OfficeExtension.Error`: `code`, `message` and `debugInfo`. The shipped Office.js runtime
 * names them "RichApi.Error"; the messages are the ones Microsoft documents for each code
 * ("Error handling with the application-specific JavaScript APIs"), so code that logs them looks the same.
 */

export interface FakeDebugInfo {
  code: string;
  message: string;
  errorLocation?: string;
  statement?: string;
}

export class FakeOfficeError extends Error {
  code: string;
  debugInfo: FakeDebugInfo;

  constructor(code: string, message: string, errorLocation?: string, statement?: string) {
    super(message);
    this.name = 'RichApi.Error';
    this.code = code;
    this.debugInfo = { code, message };
    if (errorLocation !== undefined) this.debugInfo.errorLocation = errorLocation;
    if (statement !== undefined) this.debugInfo.statement = statement;
  }
}

const MESSAGES: Readonly<Record<string, string>> = {
  GeneralException: 'There was an internal error while processing the request.',
  InvalidArgument: 'The argument is invalid or missing or has an incorrect format.',
  InvalidOperation: 'The operation attempted is invalid on the object.',
  InvalidSelection: 'The current selection is invalid for this operation.',
  ItemNotFound: "The requested resource doesn't exist.",
  InsertDeleteConflict: 'The insert or delete operation attempted resulted in a conflict.',
  InvalidObjectPath: 'The object path is not working for what you are trying to do. If you are using the object across multiple "context.sync" calls and outside the sequential execution of a ".run" batch, please use the "context.trackedObjects.add()" and "context.trackedObjects.remove()" methods to manage the object’s lifetime.',
  MergedRangeConflict:
    "Cannot complete the operation. A table can't overlap with another table, a PivotTable report, query results, merged cells, or an XML Map.",
  RangeExceedsLimit:
    'The cell count in the range has exceeded the maximum supported number. See the Resource limits and performance optimization for Office Add-ins article for more information.',
  RequestPayloadSizeLimitExceeded:
    'The request payload size has exceeded the limit. See the Resource limits and performance optimization for Office Add-ins article for more information.',
  ResponsePayloadSizeLimitExceeded:
    'The response payload size has exceeded the limit. See the Resource limits and performance optimization for Office Add-ins article for more information.',
  FakeFilteredWrite:
    'FAKE: this write lands in the body of a filtered table. Real Excel would misplace the data across hidden rows ' +
    '(office-js #224). Clear the filter first (table.clearFilters()), or refuse and tell the user.',
};

/** An error with Office's documented message for `code`; `statement` carries what the fake was doing. */
export function officeError(code: string, statement?: string, errorLocation?: string): FakeOfficeError {
  return new FakeOfficeError(code, MESSAGES[code] ?? code, errorLocation, statement);
}

export function propertyNotLoaded(property: string, typeName: string): FakeOfficeError {
  return new FakeOfficeError(
    'PropertyNotLoaded',
    `The property '${property}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`,
    `${typeName}.${property}`,
  );
}
