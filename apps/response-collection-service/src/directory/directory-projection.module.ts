import { Module } from '@nestjs/common';
import { DirectoryProjectionController } from './directory-projection.controller';

@Module({ controllers: [DirectoryProjectionController] })
export class DirectoryProjectionModule {}
