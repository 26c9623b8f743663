import { z } from 'zod';

export const createGroupSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    description: z.string().trim().max(1000).default(''),
  })
  .strict();

export const updateGroupSchema = z
  .object({ name: z.string().trim().min(1).max(200), description: z.string().trim().max(1000) })
  .partial()
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, 'nothing to change');

/** The complete member list: what is not in it leaves the group. */
export const replaceMembersSchema = z.object({ employeeIds: z.array(z.uuid()).max(10_000) }).strict();

export type CreateGroup = z.infer<typeof createGroupSchema>;
export type UpdateGroup = z.infer<typeof updateGroupSchema>;
export type ReplaceMembers = z.infer<typeof replaceMembersSchema>;

export interface GroupView {
  id: string;
  name: string;
  description: string;
  memberCount: number;
  createdAt: string;
  updatedAt: string;
}
