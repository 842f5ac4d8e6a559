import { utcDay } from './dates';

/** Today's UTC day, read once per render pass (pages pass it down so one page never straddles midnight). */
export function todayUtc(): string {
  return utcDay(new Date());
}
