export { allOneOf, isOneOf } from '@albergue/platform';
