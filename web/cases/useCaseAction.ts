import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api.ts';

/**
 * A change to a case from one of its sections: runs the request, then reloads the case; an error is
 * kept for the section to show. `submit` wraps a form's request and clears the form when it went through.
 */
export function useCaseAction(caseId: string) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const run = async (make: () => Promise<unknown>): Promise<boolean> => {
    setError(null);
    try {
      await make();
      await queryClient.invalidateQueries({ queryKey: ['case', caseId] });
      return true;
    } catch (err) {
      setError(err instanceof ApiError ? err.message : t('app.error'));
      return false;
    }
  };
  const submit = (make: (data: FormData) => Promise<unknown>, reset = true) => async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    if ((await run(() => make(data))) && reset) form.reset();
  };
  return { error, run, submit };
}
