import { useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { useFormErrors } from '../ui/form.tsx';

/**
 * A change to a case from one of its sections: runs the request, then reloads the case; what went
 * wrong is kept for the section to show (`error`: the one line; `errors`: each field's problem, to
 * show beside it with `FieldError`). `submit` wraps a form's request and clears the form when it went through.
 */
export function useCaseAction(caseId: string) {
  const queryClient = useQueryClient();
  const { errors, fail, clear } = useFormErrors();
  const run = async (make: () => Promise<unknown>): Promise<boolean> => {
    clear();
    try {
      await make();
      await queryClient.invalidateQueries({ queryKey: ['case', caseId] });
      return true;
    } catch (err) {
      fail(err);
      return false;
    }
  };
  const submit = (make: (data: FormData) => Promise<unknown>, reset = true) => async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    if ((await run(() => make(data))) && reset) form.reset();
  };
  return { error: errors.message, errors, run, submit };
}
