/** class-transformer @Transform functions for text fields, shared by every module's DTOs. */
type TransformInput = { value: unknown };

export const trimmed = ({ value }: TransformInput): unknown => (typeof value === 'string' ? value.trim() : value);

export const upperCased = ({ value }: TransformInput): unknown =>
  typeof value === 'string' ? value.trim().toUpperCase() : value;

export const lowerCased = ({ value }: TransformInput): unknown =>
  typeof value === 'string' ? value.trim().toLowerCase() : value;
