import { Injectable, PipeTransform } from '@nestjs/common';

import { RequestValidationError } from '../errors/domain.error';

/**
 * The body of a write that takes none (`@Body(NoBodyPipe) _: unknown`): nothing or `{}` pass;
 * anything else (`null` too: not an object) is a 400, as an unknown field of a DTO is, so a malformed request never
 * gets as far as writing.
 */
@Injectable()
export class NoBodyPipe implements PipeTransform<unknown, undefined> {
  transform(value: unknown): undefined {
    const empty =
      value === undefined ||
      (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0);
    if (!empty) throw new RequestValidationError([{ field: '(body)', message: 'this request takes no body' }]);
    return undefined;
  }
}
