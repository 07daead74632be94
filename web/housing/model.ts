/** The income types an agreement may count (the server's list in src/housing/matching.ts). */
export const INCOME_TYPES = ['salary', 'pension', 'social_assistance', 'housing_allowance', 'activity_compensation', 'student_aid'] as const;
