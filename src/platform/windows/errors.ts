// The Win32 error codes the exporter tells apart, defined once. A failed call throws
// win32Error (src/platform/errors.ts) carrying one of these, or any other, as osCode.
export const ERROR_FILE_NOT_FOUND = 2;
export const ERROR_ACCESS_DENIED = 5;
export const ERROR_INSUFFICIENT_BUFFER = 122;
/** An info level the API does not implement (Wine's SCM for delayed start and triggers). */
export const ERROR_INVALID_LEVEL = 124;
export const ERROR_MORE_DATA = 234;
export const ERROR_NO_MORE_ITEMS = 259;
export const ERROR_SERVICE_DOES_NOT_EXIST = 1060;
/** The service is starting or stopping and takes no control now. */
export const ERROR_SERVICE_CANNOT_ACCEPT_CTRL = 1061;
export const ERROR_SERVICE_MARKED_FOR_DELETE = 1072;
export const ERROR_SERVICE_EXISTS = 1073;
