import { Foundation1764000000000 } from './1764000000000-Foundation';

/** Every migration, oldest first. New ones are appended here. */
export const migrations = [Foundation1764000000000];
