import { targetLimits } from '../api/dispatch-api';
import type { Employee } from '../api/tenant-api';

/**
 * Someone chosen by name for an alert, as the compose form lists them. Only what the list
 * shows (name, number): the draft sits in sessionStorage until the alert is sent, so it keeps
 * no contacts, departments or other personal data; the alert itself carries only the id.
 */
export interface ChosenPerson {
  id: string;
  employeeNumber: string;
  name: string;
}

export function chosenPersonOf(employee: Pick<Employee, 'id' | 'employeeNumber' | 'nameKanji'>): ChosenPerson {
  return { id: employee.id, employeeNumber: employee.employeeNumber, name: employee.nameKanji };
}

/** No more people fit one alert's target. */
export const isFull = (people: readonly ChosenPerson[]) => people.length >= targetLimits.employees;

/** The list with `person` added at the end; unchanged when they are already in it or the list is full. */
export function withPerson(people: ChosenPerson[], person: ChosenPerson): ChosenPerson[] {
  return isFull(people) || people.some((chosen) => chosen.id === person.id) ? people : [...people, person];
}

export function withoutPerson(people: ChosenPerson[], id: string): ChosenPerson[] {
  return people.filter((chosen) => chosen.id !== id);
}
