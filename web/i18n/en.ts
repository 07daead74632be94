import type { Dictionary } from './sv.ts';

export const en: Dictionary = {
  app: { name: 'Bokvar', skip: 'Skip to content', language: 'På svenska', logout: 'Log out', nav: 'Main menu', loading: 'Loading …', error: 'Something went wrong' },
  nav: { worklist: 'To do today', import: 'Import ledger', routine: 'Collection routine', sms: 'SMS', tenancies: 'Tenants' },
  login: {
    title: 'Log in', email: 'E-mail', password: 'Password', submit: 'Log in',
    intro: 'Bokvar helps landlords and social services reach tenants who are behind with the rent, early.',
  },
  worklist: {
    title: 'To do', date: 'Date', area: 'Area', step: 'Step', all: 'All', empty: 'Nothing to do for this selection.',
    caption: 'Tenants to contact, most important first', tenant: 'Tenant', address: 'Address', owed: 'Owed', late: 'Late',
    days: '{{days}} days ({{bank}} bank days)', priority: 'Priority', select: 'Select', selectAll: 'Select all', sendSms: 'Send reminder SMS',
    markDone: 'Mark as done', exportFile: 'Download collection file', overdue: 'Overdue step', brokenPromise: 'Broke a promise',
    smsResult: '{{queued}} SMS sent, {{already}} already sent, {{noPhone}} without a phone number.', doneResult: '{{n}} marked as done.',
    selected: '{{n}} selected', window: '{{from}} – {{to}}', paused: '{{n}} tenants have promised to pay and are waiting.',
    noRecovery: 'Private letting: no right of recovery',
  },
  reasons: { children: 'Children in household', under_25: 'Under 25', over_65: 'Over 65', months_owed: 'Several months', broken_promise: 'Broken promise' },
  actions: {
    collection_file: 'Collection file', collection_demand: 'Collection demand', sms: 'SMS', call: 'Call', letter: 'Letter', visit: 'Home visit',
    joint_visit: 'Joint home visit', notice_to_social_services: 'Notice to the social welfare board', kfm_application: 'Application to Kronofogden',
  },
  actors: { landlord: 'Landlord', social_services: 'Social services', both: 'Both' },
  import: {
    title: 'Import ledger', kind: 'What does the file contain?', tenancies: 'Tenancies', transactions: 'Transactions (charges and payments)',
    drop: 'Drop the CSV file here or', choose: 'choose a file', uploading: 'Importing …', progress: 'Progress',
    ok: 'The file has been imported.', rejected: 'The file was not imported', line: 'Line', column: 'Column', value: 'Value', reason: 'Problem',
    problems: 'Problems in the file', counts: 'Result', format: 'The file format is described in docs/import-format.md.', more: '… and {{n}} more problems.',
  },
  routine: {
    title: 'Collection routine', name: 'Name', steps: 'Steps', key: 'Key', label: 'Label', timing: 'When', kind: 'Counted as',
    bank_day: 'Bank day', calendar_day: 'Calendar day', window: 'Window', day: 'Day', from: 'From day', to: 'To day',
    action: 'Action', actor: 'Who', conditions: 'Conditions', addStep: 'Add step', remove: 'Remove', save: 'Save routine',
    saved: 'The routine has been saved.', template: 'Start from template', adopt: 'Use template', previewMonth: 'Preview for the rent of month',
    preview: 'Dates for the rent of {{month}} (due {{due}})', date: 'Date', isDefault: 'You are using the default routine (Mimer).',
    minAmount: 'Minimum owed (SEK)', maxTenantAge: 'Age at most', minTenantAge: 'Age at least', childrenInHousehold: 'Children in household',
    noContactForDays: 'No contact for days', collectionDemandSent: 'Collection demand sent', minMonthsOwed: 'Months owed at least', readOnly: 'Only the administrator can change the routine.',
  },
  tenancy: {
    title: 'Tenancy', contract: 'Contract', rent: 'Monthly rent', household: 'Household', adults: '{{n}} adults', children: '{{n}} children',
    owed: 'Owed today', oldest: 'Oldest unpaid due date', ledger: 'Ledger', type: 'Type', booked: 'Date', due: 'Due date', amount: 'Amount',
    reference: 'Reference', charge: 'Charge', payment: 'Payment', credit: 'Credit', outreach: 'Contacts', logOutreach: 'Log contact',
    kind: 'Contact by', reached: 'Reached the tenant', partOfDay: 'Part of day', morning: 'Morning', afternoon: 'Afternoon', evening: 'Evening',
    outcome: 'Outcome', none: 'None', promise_to_pay: 'Promises to pay', wants_payment_plan: 'Wants a payment plan',
    referred_to_social_services: 'Referred to social services', disputes_debt: 'Disputes the debt', no_agreement: 'No agreement',
    promiseAmount: 'Promised amount (SEK)', promiseDate: 'To be paid by', note: 'Note', save: 'Save contact', saved: 'The contact has been saved.',
    pausedUntil: 'Reminders paused until {{date}}.', contactDate: 'Date', yes: 'Yes', no: 'No', status: 'Promise', pending: 'pending', kept: 'kept', broken: 'broken',
    tenants: 'Tenants', ended: 'Ended {{date}}', search: 'Search tenant, address or contract', searchButton: 'Search', lettingForm: 'Letting form',
  },
  sms: { title: 'SMS', to: 'To', body: 'Message', status: 'Status', sent: 'Sent', provider: 'Provider: {{name}}', empty: 'No SMS yet.', queued: 'Queued', failed: 'Failed' },
};
