export { isOneOf as oneOf } from '@albergue/platform';
