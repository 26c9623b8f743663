import { targetLimits } from '../api/dispatch-api';
import { ChosenPerson, chosenPersonOf, isFull, withoutPerson, withPerson } from './chosen-people';

const person = (n: number): ChosenPerson => ({ id: `e-${n}`, employeeNumber: `A${String(n).padStart(3, '0')}`, name: `出張 ${n}` });

describe('the people chosen for an alert', () => {
  it('keeps only the name and number of a directory row, nothing else about the person', () => {
    const row = { id: 'e-1', employeeNumber: 'A001', nameKanji: '出張 一郎', nameKana: 'シュッチョウ イチロウ', companyEmail: 'ichiro@example.test', workPrefecture: '13', language: 'ja' as const, departmentIds: ['d-1'], active: true };
    expect(chosenPersonOf(row)).toEqual({ id: 'e-1', employeeNumber: 'A001', name: '出張 一郎' });
  });

  it('adds someone once, in the order chosen, and removes them by id', () => {
    const two = withPerson(withPerson([], person(1)), person(2));
    expect(two).toEqual([person(1), person(2)]);
    expect(withPerson(two, person(1))).toBe(two);
    expect(withoutPerson(two, 'e-1')).toEqual([person(2)]);
    expect(withoutPerson(two, 'e-9')).toEqual(two);
  });

  it('adds nobody beyond what one alert may name', () => {
    const full = Array.from({ length: targetLimits.employees }, (_, index) => person(index));
    expect(isFull(full)).toBe(true);
    expect(isFull(full.slice(1))).toBe(false);
    expect(withPerson(full, person(-1))).toBe(full);
  });
});
