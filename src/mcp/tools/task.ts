import { z } from "zod";

/** The answer of skill_request and connector_request: a pending task a person decides. */
export const taskShape = {
  taskId: z.string(),
  status: z.literal("pending"),
  message: z.string(),
};
