/**
 * The API's own age rules, pure, from the platform library: the desk warns while a group is typed
 * with exactly the rule the intake applies (personAgeOn: the youngest age from an estimated year).
 */
export { minorStatuses, type MinorStatus } from '../../../libs/platform/src/age/minors-in-group';
export { AGE_OF_MAJORITY, personAgeOn } from '../../../libs/platform/src/age/person-age';
