import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { unauthenticated } from '../common/domain-error';

/** Who is making a request, resolved from the session cookie or bearer token. */
export interface Principal {
  userId: string;
  sessionId: string;
  name: string;
  email: string;
  isAdministrator: boolean;
}

export interface RequestWithPrincipal {
  principal?: Principal | null;
  sessionToken?: string | null;
}

export const REQUIRE_SIGN_IN = 'lokalforum:requireSignIn';

/** The route needs a signed-in person; guests get 401. */
export const RequireSignIn = () => SetMetadata(REQUIRE_SIGN_IN, true);

/** The signed-in person (route must use `@RequireSignIn()`). */
export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext) => {
  const principal = ctx.switchToHttp().getRequest<RequestWithPrincipal>().principal;
  if (!principal) throw unauthenticated();
  return principal;
});

/** The signed-in person, or null for a guest. */
export const OptionalPrincipal = createParamDecorator(
  (_: unknown, ctx: ExecutionContext) =>
    ctx.switchToHttp().getRequest<RequestWithPrincipal>().principal ?? null,
);
