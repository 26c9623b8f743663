import { DirectoryPerson, peopleToRead, personLabel } from './directory-person';

const hanako: DirectoryPerson = { id: 'p1', employeeNumber: 'E0001', nameKanji: '佐藤 花子' };

describe('peopleToRead', () => {
  it('reads each linked person not known yet once, and nothing for accounts not linked', () => {
    expect(peopleToRead(['p1', null, 'p2', 'p2', 'p3'], new Map([['p1', hanako]]))).toEqual(['p2', 'p3']);
  });

  it('does not read again a person the directory could not give', () => {
    expect(peopleToRead(['gone'], new Map([['gone', null]]))).toEqual([]);
    expect(peopleToRead([], new Map())).toEqual([]);
  });
});

describe('personLabel', () => {
  it('names the person with their employee number', () => {
    expect(personLabel(hanako)).toBe('佐藤 花子 (E0001)');
  });
});
