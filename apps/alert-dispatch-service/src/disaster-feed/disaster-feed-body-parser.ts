import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import type { DisasterFeedSettings } from './disaster-feed-settings';

export const DISASTER_FEED_SETTINGS = Symbol('DISASTER_FEED_SETTINGS');

export const xmlContentTypes = ['application/xml', 'text/xml'];

/**
 * Pushed reports arrive as raw XML bytes: the HMAC is over the exact bytes and the parser wants
 * them undecoded. A body over the report limit is refused with 413 before it is read.
 */
@Injectable()
export class DisasterFeedBodyParser implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(DISASTER_FEED_SETTINGS) private readonly settings: DisasterFeedSettings,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addContentTypeParser(xmlContentTypes, { parseAs: 'buffer', bodyLimit: this.settings.JMA_FEED_MAX_REPORT_BYTES }, (_request, body, done) => done(null, body));
  }
}
