/** The income types an agreement may count (the server's list in src/housing/matching.ts). */
export const INCOME_TYPES = ['salary', 'pension', 'social_assistance', 'housing_allowance', 'activity_compensation', 'student_aid'] as const;

/** The contract forms a ladder is built from (the server's CONTRACT_FORMS in src/housing/model.ts). */
export const CONTRACT_FORMS = [
  'social_contract', 'training_apartment', 'support_agreement', 'municipal_contract', 'short_contract', 'rent_guarantee', 'housing_first', 'emergency_placement', 'own_lease',
] as const;

/** What a step can require before a household steps up (the server's STEP_CONDITIONS). */
export const STEP_CONDITIONS = ['no_disturbance', 'no_late_rent', 'visits_accepted', 'drug_free'] as const;

/** Who decides on a step. */
export const DECIDERS = ['social_services', 'landlord', 'joint'] as const;
