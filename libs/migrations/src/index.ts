import { EnableSearchExtensions1764403200000 } from '../../../migrations/1764403200000-enable-search-extensions';
import { AddAccess1795941431316 } from '../../../migrations/1795941431316-add-access';
import { AddIntake1795943012548 } from '../../../migrations/1795943012548-add-intake';
import { AddAsylum1795944330500 } from '../../../migrations/1795944330500-add-asylum';
import { AddIncidents1795944575672 } from '../../../migrations/1795944575672-add-incidents';
import { AddPersonMatchingIndex1795944600000 } from '../../../migrations/1795944600000-add-person-matching-index';
import { AddReferrals1795944805741 } from '../../../migrations/1795944805741-add-referrals';
import { AddExports1795945737616 } from '../../../migrations/1795945737616-add-exports';
import { AddExportsForeignKeys1795946447005 } from '../../../migrations/1795946447005-add-exports-foreign-keys';
import { AddReferralForeignKeys1795945759739 } from '../../../migrations/1795945759739-add-referral-foreign-keys';
import { AddWebhookDeliveries1795946064789 } from '../../../migrations/1795946064789-add-webhook-deliveries';
import { AddIntakeIdempotencyKeys1795952018537 } from '../../../migrations/1795952018537-add-intake-idempotency-keys';
import { AddPersonErasure1795952393098 } from '../../../migrations/1795952393098-add-person-erasure';
import { ExportDisclosuresKeyedByAct1795955679922 } from '../../../migrations/1795955679922-export-disclosures-keyed-by-act';
import { LawyersWithoutShelters1795961000000 } from '../../../migrations/1795961000000-lawyers-without-shelters';
import { AddStayTransfers1795961100000 } from '../../../migrations/1795961100000-add-stay-transfers';
import { ConsentRecipientIdsAndConfirmation1795962000000 } from '../../../migrations/1795962000000-consent-recipient-ids-and-confirmation';
import { ExportAndDeliveryErrorCodes1795963000000 } from '../../../migrations/1795963000000-export-and-delivery-error-codes';
import { AddSeparatedChildren1795965100000 } from '../../../migrations/1795965100000-add-separated-children';
import { AddAsylumRemediesAndOfficeClosures1795965200000 } from '../../../migrations/1795965200000-add-asylum-remedies-and-office-closures';
import { PartnerSexualViolenceAgreement1795966000000 } from '../../../migrations/1795966000000-partner-sexual-violence-agreement';
import { AddTwoFactorAndPasswordResets1795967000000 } from '../../../migrations/1795967000000-add-two-factor-and-password-resets';
import { ExportDisclosureControl1795968000000 } from '../../../migrations/1795968000000-export-disclosure-control';
import { ExportDisclosuresByBatch1796760000000 } from '../../../migrations/1796760000000-export-disclosures-by-batch';
import { AddCaseNotes1796200000000 } from '../../../migrations/1796200000000-add-case-notes';
import { AddDocuments1796100000000 } from '../../../migrations/1796100000000-add-documents';
import { AddPresentStaysIndex1796600000000 } from '../../../migrations/1796600000000-add-present-stays-index';
import { PersonMatchingIndexBySex1796600100000 } from '../../../migrations/1796600100000-person-matching-index-by-sex';
import { ReminderReadState1796300000000 } from '../../../migrations/1796300000000-reminder-read-state';
import { MoveIdempotencyKeysToPlatform1796700000000 } from '../../../migrations/1796700000000-move-idempotency-keys-to-platform';
import { PersonMatchingByNameKeys1796800000000 } from '../../../migrations/1796800000000-person-matching-by-name-keys';

/**
 * Every migration in migrations/, oldest first. `npm run migration:generate` appends to this list;
 * it lives outside migrations/ so that nothing in that folder ever changes once it has landed.
 */
export const migrations = [
  EnableSearchExtensions1764403200000,
  AddAccess1795941431316,
  AddIntake1795943012548,
  AddAsylum1795944330500,
  AddIncidents1795944575672,
  AddPersonMatchingIndex1795944600000,
  AddReferrals1795944805741,
  AddExports1795945737616,
  AddReferralForeignKeys1795945759739,
  AddWebhookDeliveries1795946064789,
  AddExportsForeignKeys1795946447005,
  AddIntakeIdempotencyKeys1795952018537,
  AddPersonErasure1795952393098,
  ExportDisclosuresKeyedByAct1795955679922,
  LawyersWithoutShelters1795961000000,
  AddStayTransfers1795961100000,
  ConsentRecipientIdsAndConfirmation1795962000000,
  ExportAndDeliveryErrorCodes1795963000000,
  AddSeparatedChildren1795965100000,
  AddAsylumRemediesAndOfficeClosures1795965200000,
  PartnerSexualViolenceAgreement1795966000000,
  AddTwoFactorAndPasswordResets1795967000000,
  ExportDisclosureControl1795968000000,
  AddDocuments1796100000000,
  AddCaseNotes1796200000000,
  ReminderReadState1796300000000,
  AddPresentStaysIndex1796600000000,
  PersonMatchingIndexBySex1796600100000,
  MoveIdempotencyKeysToPlatform1796700000000,
  ExportDisclosuresByBatch1796760000000,
  PersonMatchingByNameKeys1796800000000,
];
