/** A person in a group's member list, as the panel shows them. */
export interface GroupMember {
  id: string;
  employeeNumber: string;
  nameKanji: string;
}

/** The list with `person` added at the end; someone already in it stays where they are. */
export function withMember(members: readonly GroupMember[], person: GroupMember): GroupMember[] {
  return members.some((member) => member.id === person.id) ? [...members] : [...members, person];
}

export function withoutMember(members: readonly GroupMember[], employeeId: string): GroupMember[] {
  return members.filter((member) => member.id !== employeeId);
}

/**
 * The PUT body: the complete list, since the service replaces the membership with it (whoever
 * is left out leaves the group). Each person once, in the order shown, so a refused
 * `employeeIds.<index>` points at the row the admin sees.
 */
export function membersBody(members: readonly GroupMember[]): { employeeIds: string[] } {
  return { employeeIds: [...new Set(members.map((member) => member.id))] };
}

/** Whether the list differs from the stored membership, whatever the order. */
export function membersChanged(stored: readonly string[], members: readonly GroupMember[]): boolean {
  const storedSet = new Set(stored);
  const shown = new Set(members.map((member) => member.id));
  return storedSet.size !== shown.size || [...shown].some((id) => !storedSet.has(id));
}

/** Search results not yet in the list: offering someone already in it would only add them twice. */
export function candidatesFor(found: readonly GroupMember[], members: readonly GroupMember[]): GroupMember[] {
  const inGroup = new Set(members.map((member) => member.id));
  return found.filter((person) => !inGroup.has(person.id));
}

/** The group form's PATCH: only the changed fields, trimmed. */
export function groupPatch(group: { name: string; description: string }, values: { name: string; description: string }): { name?: string; description?: string } {
  const patch: { name?: string; description?: string } = {};
  if (values.name.trim() !== group.name) patch.name = values.name.trim();
  if (values.description.trim() !== group.description) patch.description = values.description.trim();
  return patch;
}
