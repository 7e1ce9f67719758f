import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { SESSION_COOKIE } from '@lokalforum/protocol';

/** The OpenAPI document at /api/docs (UI) and /api/docs-json. */
export function setUpOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Lokalforum API')
    .setDescription(
      'REST API of Lokalforum, the collaborative forum for the 18 lokalfora of Holbæk Kommune. ' +
        'Errors always have the shape { statusCode, error: { code, message, issues? } }.',
    )
    .setVersion('0.1.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'The token from sign-in' })
    .addCookieAuth(SESSION_COOKIE)
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('api/docs', app, document, {
    jsonDocumentUrl: 'api/docs-json',
    useGlobalPrefix: false,
  });
}
