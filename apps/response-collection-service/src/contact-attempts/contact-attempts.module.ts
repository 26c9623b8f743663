import { Module } from '@nestjs/common';
import { ContactAttemptsStore } from './contact-attempts';
import { ContactAttemptsController } from './contact-attempts.controller';

/** `delivery.outcomes` → `contact_attempts`, shown next to each non-responder. */
@Module({ controllers: [ContactAttemptsController], providers: [ContactAttemptsStore] })
export class ContactAttemptsModule {}
