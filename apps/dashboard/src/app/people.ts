import { createContext, useContext } from 'react';

/** Logins of the ward's staff → display names (GET /api/wards/:id/staff). */
export const PeopleContext = createContext<ReadonlyMap<string, string>>(new Map());

/** A person as the screen shows them: the display name, else the login as given. */
export function usePersonName(): (username: string | null | undefined) => string {
  const people = useContext(PeopleContext);
  return (username) => (username ? (people.get(username) ?? username) : '—');
}
