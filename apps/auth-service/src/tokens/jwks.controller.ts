import { Controller, Get, Header } from '@nestjs/common';
import { JSONWebKeySet } from 'jose';
import { SigningKeyRing } from './signing-key-ring';

@Controller()
export class JwksController {
  constructor(private readonly keys: SigningKeyRing) {}

  /** Public keys only. Guards cache them; five minutes bounds how long a rotation waits. */
  @Get('.well-known/jwks.json')
  @Header('Cache-Control', 'public, max-age=300')
  jwks(): JSONWebKeySet {
    return this.keys.publicKeySet;
  }
}
